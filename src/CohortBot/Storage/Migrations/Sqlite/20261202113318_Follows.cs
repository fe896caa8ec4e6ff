using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Follows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CohortDepartures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    LeftAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeftBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    ReturnedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortDepartures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CohortDepartures_Cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CohortDepartures_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CohortFollows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FollowedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FollowedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSyncedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UnmatchedJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortFollows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CohortFollows_Cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CohortDepartures_CohortId_MemberId",
                table: "CohortDepartures",
                columns: new[] { "CohortId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_CohortDepartures_MemberId",
                table: "CohortDepartures",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_CohortFollows_CohortId",
                table: "CohortFollows",
                column: "CohortId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CohortDepartures");

            migrationBuilder.DropTable(
                name: "CohortFollows");
        }
    }
}
