using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CohortSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "EndDate",
                table: "CohortSchedules",
                type: "date",
                nullable: true);

            // Cohorts ended before schedules had an end date (an audit entry cohort.end with the last date) keep their end.
            migrationBuilder.Sql("""
                UPDATE "CohortSchedules" s SET "EndDate" = (a."DetailsJson"::jsonb ->> 'lastDate')::date FROM "AuditLog" a JOIN "Cohorts" c ON c."DistrictId" = a."DistrictId" AND c."Name" = a."Subject" WHERE a."Action" = 'cohort.end' AND c."Id" = s."CohortId";
                """);

            migrationBuilder.AddColumn<bool>(
                name: "CoachesMayEdit",
                table: "Cohorts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndDate",
                table: "CohortSchedules");

            migrationBuilder.DropColumn(
                name: "CoachesMayEdit",
                table: "Cohorts");
        }
    }
}
