using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CohortBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QuestionSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QuestionsJson",
                table: "Rounds",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "RetiredKeys",
                table: "QuestionSets",
                type: "text[]",
                nullable: false,
                defaultValueSql: "ARRAY[]::text[]"); // existing sets have retired nothing

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "QuestionSets",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuestionsJson",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "RetiredKeys",
                table: "QuestionSets");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "QuestionSets");
        }
    }
}
