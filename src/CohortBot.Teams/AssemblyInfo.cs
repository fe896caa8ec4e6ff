using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("CohortBot.Teams.Tests")]
