using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Channels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HandledAt",
                table: "ProcessedEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "ProcessedEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamsServiceUrl",
                table: "Members",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 3000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Conversations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TeamId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedEvents_HandledAt",
                table: "ProcessedEvents",
                column: "HandledAt");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Platform_ExternalId",
                table: "Conversations",
                columns: new[] { "Platform", "ExternalId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedEvents_HandledAt",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "HandledAt",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "TeamsServiceUrl",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "Text",
                table: "Deliveries");
        }
    }
}
