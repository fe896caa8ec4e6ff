using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Nudges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CoachesMayNudge",
                table: "Cohorts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Nudges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: true),
                    ByMemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    ByPlatform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SiteName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Force = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PreviewedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviewedAudience = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    SendAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceiptShown = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    ReceiptUpdates = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceiptSettledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Nudges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Nudges_Cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NudgeRecipients",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NudgeId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    DeliveryKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NudgeRecipients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NudgeRecipients_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NudgeRecipients_Nudges_NudgeId",
                        column: x => x.NudgeId,
                        principalTable: "Nudges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NudgeRecipients_MemberId",
                table: "NudgeRecipients",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_NudgeRecipients_NudgeId_MemberId",
                table: "NudgeRecipients",
                columns: new[] { "NudgeId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Nudges_CohortId_Status_SentAt",
                table: "Nudges",
                columns: new[] { "CohortId", "Status", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Nudges_Status_SendAt",
                table: "Nudges",
                columns: new[] { "Status", "SendAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NudgeRecipients");

            migrationBuilder.DropTable(
                name: "Nudges");

            migrationBuilder.DropColumn(
                name: "CoachesMayNudge",
                table: "Cohorts");
        }
    }
}
