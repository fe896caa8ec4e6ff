using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditDistrict : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DistrictId",
                table: "AuditLog",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_DistrictId_At",
                table: "AuditLog",
                columns: new[] { "DistrictId", "At" });

            migrationBuilder.AddForeignKey(
                name: "FK_AuditLog_Districts_DistrictId",
                table: "AuditLog",
                column: "DistrictId",
                principalTable: "Districts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            // Entries written before they named their district: found by the cohort, district or member they are about.
            migrationBuilder.Sql("""
                UPDATE "AuditLog" SET "DistrictId" = COALESCE(
                    (SELECT c."DistrictId" FROM "Cohorts" c WHERE c."Name" = "AuditLog"."Subject" ORDER BY c."Id" LIMIT 1),
                    (SELECT d."Id" FROM "Districts" d WHERE d."Name" = "AuditLog"."Subject" ORDER BY d."Id" LIMIT 1),
                    (SELECT m."DistrictId" FROM "Members" m WHERE 'member:' || CAST(m."Id" AS TEXT) = "AuditLog"."Subject" OR m."Email" = "AuditLog"."Subject" ORDER BY m."Id" LIMIT 1))
                WHERE "DistrictId" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AuditLog_Districts_DistrictId",
                table: "AuditLog");

            migrationBuilder.DropIndex(
                name: "IX_AuditLog_DistrictId_At",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "DistrictId",
                table: "AuditLog");
        }
    }
}
