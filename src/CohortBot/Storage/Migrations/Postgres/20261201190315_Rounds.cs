using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "Rounds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Date",
                table: "Rounds",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OpenedAt",
                table: "Rounds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QuietHours",
                table: "CohortSchedules",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "20:00-07:00");

            migrationBuilder.AddColumn<List<int>>(
                name: "ReminderMinutes",
                table: "CohortSchedules",
                type: "integer[]",
                nullable: false,
                defaultValue: new[] { 1440 });

            migrationBuilder.CreateTable(
                name: "CohortChannels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CohortId = table.Column<int>(type: "integer", nullable: false),
                    Platform = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Address = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DistrictId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    FirstDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LastDate = table.Column<DateOnly>(type: "date", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CohortId = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<int>(type: "integer", nullable: false),
                    RoundId = table.Column<int>(type: "integer", nullable: true),
                    Challenge = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reply = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: true),
                    RepliedByMemberId = table.Column<int>(type: "integer", nullable: true),
                    RepliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
