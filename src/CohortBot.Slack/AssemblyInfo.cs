using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("CohortBot.Slack.Tests")]
