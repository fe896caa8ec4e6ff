using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Resources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OfferedJson",
                table: "SupportRequests",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Question",
                table: "SupportRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "RaisedAgainAt",
                table: "SupportRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditedMemberIds",
                table: "Resources",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedUrl",
                table: "Resources",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                table: "Resources",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceLink",
                table: "Resources",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "DefaultTags",
                table: "Cohorts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "LibraryVersion",
                table: "Cohorts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ResourceVotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Helpful = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceVotes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_CohortId_NormalizedUrl",
                table: "Resources",
                columns: new[] { "CohortId", "NormalizedUrl" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Resources_SourceKey",
                table: "Resources",
                column: "SourceKey");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceVotes_ResourceId_MemberId_Question",
                table: "ResourceVotes",
                columns: new[] { "ResourceId", "MemberId", "Question" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResourceVotes");

            migrationBuilder.DropIndex(
                name: "IX_Resources_CohortId_NormalizedUrl",
                table: "Resources");

            migrationBuilder.DropIndex(
                name: "IX_Resources_SourceKey",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "OfferedJson",
                table: "SupportRequests");

            migrationBuilder.DropColumn(
                name: "Question",
                table: "SupportRequests");

            migrationBuilder.DropColumn(
                name: "RaisedAgainAt",
                table: "SupportRequests");

            migrationBuilder.DropColumn(
                name: "CreditedMemberIds",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "NormalizedUrl",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "SourceKey",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "SourceLink",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "DefaultTags",
                table: "Cohorts");

            migrationBuilder.DropColumn(
                name: "LibraryVersion",
                table: "Cohorts");
        }
    }
}
