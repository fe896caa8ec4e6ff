using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Identities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "NextAttemptAt",
                table: "Deliveries",
                newName: "RetryAt");

            migrationBuilder.RenameIndex(
                name: "IX_Deliveries_Status_NextAttemptAt",
                table: "Deliveries",
                newName: "IX_Deliveries_Status_RetryAt");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "ProcessedEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "GivenUpAt",
                table: "ProcessedEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Workspace",
                table: "ProcessedEvents",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredPlatform",
                table: "Members",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Teams");

            migrationBuilder.AddColumn<string>(
                name: "SlackTeamId",
                table: "Districts",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Platform",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NotBefore",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PartsSent",
                table: "Deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ReplacesMessageId",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatesKey",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Identities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UnreachableReason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Identities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Identities_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_MemberId",
                table: "Deliveries",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_PlatformMessageId",
                table: "Deliveries",
                column: "PlatformMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Identities_MemberId_Platform",
                table: "Identities",
                columns: new[] { "MemberId", "Platform" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Identities_Platform_TenantId_UserId",
                table: "Identities",
                columns: new[] { "Platform", "TenantId", "UserId" },
                unique: true);
        

            // Who each member is on Teams and Slack moves from the member to the channels' own table.
            migrationBuilder.Sql(@"INSERT INTO ""Identities"" (""MemberId"", ""Platform"", ""TenantId"", ""UserId"", ""ConversationId"", ""ServiceUrl"", ""LinkedBy"", ""LinkedAt"")
                SELECT ""Id"", 'Teams', ""TeamsTenantId"", ""TeamsAadObjectId"", ""TeamsConversationId"", ""TeamsServiceUrl"", 'roster', 0
                FROM ""Members"" WHERE ""TeamsAadObjectId"" IS NOT NULL AND ""TeamsTenantId"" IS NOT NULL");
            migrationBuilder.Sql(@"INSERT INTO ""Identities"" (""MemberId"", ""Platform"", ""TenantId"", ""UserId"", ""LinkedBy"", ""LinkedAt"")
                SELECT ""Id"", 'Slack', COALESCE(""SlackTeamId"", ''), ""SlackUserId"", 'roster', 0
                FROM ""Members"" WHERE ""SlackUserId"" IS NOT NULL");
            migrationBuilder.Sql(@"UPDATE ""Deliveries"" SET ""Address"" = ""Target""");


            migrationBuilder.DropIndex(
                name: "IX_Members_SlackTeamId_SlackUserId",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_TeamsTenantId_TeamsAadObjectId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "SlackTeamId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "SlackUserId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TeamsAadObjectId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TeamsConversationId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TeamsServiceUrl",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TeamsTenantId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "Target",
                table: "Deliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Identities");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_MemberId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_PlatformMessageId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "GivenUpAt",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "Workspace",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "PreferredPlatform",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "SlackTeamId",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "PartsSent",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "ReplacesMessageId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "UpdatesKey",
                table: "Deliveries");

            migrationBuilder.RenameColumn(
                name: "RetryAt",
                table: "Deliveries",
                newName: "NextAttemptAt");

            migrationBuilder.RenameIndex(
                name: "IX_Deliveries_Status_RetryAt",
                table: "Deliveries",
                newName: "IX_Deliveries_Status_NextAttemptAt");

            migrationBuilder.AddColumn<string>(
                name: "SlackTeamId",
                table: "Members",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlackUserId",
                table: "Members",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamsAadObjectId",
                table: "Members",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamsConversationId",
                table: "Members",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamsServiceUrl",
                table: "Members",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TeamsTenantId",
                table: "Members",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Platform",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Target",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Members_SlackTeamId_SlackUserId",
                table: "Members",
                columns: new[] { "SlackTeamId", "SlackUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_TeamsTenantId_TeamsAadObjectId",
                table: "Members",
                columns: new[] { "TeamsTenantId", "TeamsAadObjectId" },
                unique: true);
        }
    }
}
