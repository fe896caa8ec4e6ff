using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Privacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosedTotalsJson",
                table: "Rounds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ErasedMembers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    EmailHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TeamsUserHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SlackUserHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ErasedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErasedMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ErasedMembers_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ErasedMembers_DistrictId",
                table: "ErasedMembers",
                column: "DistrictId");

            migrationBuilder.CreateIndex(
                name: "IX_ErasedMembers_EmailHash",
                table: "ErasedMembers",
                column: "EmailHash");

            migrationBuilder.CreateIndex(
                name: "IX_ErasedMembers_MemberId",
                table: "ErasedMembers",
                column: "MemberId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ErasedMembers_SlackUserHash",
                table: "ErasedMembers",
                column: "SlackUserHash");

            migrationBuilder.CreateIndex(
                name: "IX_ErasedMembers_TeamsUserHash",
                table: "ErasedMembers",
                column: "TeamsUserHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ErasedMembers");

            migrationBuilder.DropColumn(
                name: "ClosedTotalsJson",
                table: "Rounds");
        }
    }
}
