using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
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
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Question",
                table: "SupportRequests",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RaisedAgainAt",
                table: "SupportRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<int>>(
                name: "CreditedMemberIds",
                table: "Resources",
                type: "integer[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedUrl",
                table: "Resources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                table: "Resources",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceLink",
                table: "Resources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "Resources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "Resources",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<List<string>>(
                name: "DefaultTags",
                table: "Cohorts",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<long>(
                name: "LibraryVersion",
                table: "Cohorts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ResourceVotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResourceId = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<int>(type: "integer", nullable: false),
                    Question = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Helpful = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
