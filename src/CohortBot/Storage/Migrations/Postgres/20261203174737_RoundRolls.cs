using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoundRolls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RoundRolls",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    MembersJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundRolls", x => x.RoundId);
                    table.ForeignKey(
                        name: "FK_RoundRolls_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoundRolls");
        }
    }
}
