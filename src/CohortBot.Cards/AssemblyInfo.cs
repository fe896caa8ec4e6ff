using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("CohortBot.Cards.Tests")]
