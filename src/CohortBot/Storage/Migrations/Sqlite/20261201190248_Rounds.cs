using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Rounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "Rounds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Date",
                table: "Rounds",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<long>(
                name: "OpenedAt",
                table: "Rounds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QuietHours",
                table: "CohortSchedules",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "20:00-07:00");

            migrationBuilder.AddColumn<string>(
                name: "ReminderMinutes",
                table: "CohortSchedules",
                type: "TEXT",
                nullable: false,
                defaultValue: "[1440]");

            migrationBuilder.CreateTable(
                name: "CohortChannels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CohortChannels_Cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoundSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoundSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoundSteps_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolClosures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DistrictId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastDate = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolClosures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolClosures_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: true),
                    Challenge = table.Column<string>(type: "TEXT", maxLength: 3000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 3000, nullable: true),
                    RepliedByMemberId = table.Column<int>(type: "INTEGER", nullable: true),
                    RepliedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CohortChannels_CohortId_Platform_ExternalId",
                table: "CohortChannels",
                columns: new[] { "CohortId", "Platform", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoundSteps_DoneAt_DueAt",
                table: "RoundSteps",
                columns: new[] { "DoneAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RoundSteps_RoundId_Kind_OffsetMinutes",
                table: "RoundSteps",
                columns: new[] { "RoundId", "Kind", "OffsetMinutes" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolClosures_DistrictId_FirstDate",
                table: "SchoolClosures",
                columns: new[] { "DistrictId", "FirstDate" });

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_CohortId_CreatedAt",
                table: "SupportRequests",
                columns: new[] { "CohortId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_RoundId_MemberId",
                table: "SupportRequests",
                columns: new[] { "RoundId", "MemberId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CohortChannels");

            migrationBuilder.DropTable(
                name: "RoundSteps");

            migrationBuilder.DropTable(
                name: "SchoolClosures");

            migrationBuilder.DropTable(
                name: "SupportRequests");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "Date",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "QuietHours",
                table: "CohortSchedules");

            migrationBuilder.DropColumn(
                name: "ReminderMinutes",
                table: "CohortSchedules");
        }
    }
}
