using CohortBot.Resources.Search;
using CohortBot.Turns;

namespace CohortBot.Resources;

internal static class ResourcesExtensions
{
    public static IHostApplicationBuilder AddResources(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ResourceSearchIndex>();
        builder.Services.AddScoped<ResourceLibrary>();
        builder.Services.AddScoped<ResourceSearch>();
        builder.Services.AddScoped<UnansweredQuestions>();
        builder.Services.AddScoped<ResourceImporter>();
        string[] cards = ["resource-answer", "resource-list", "resource-review", "coach-question", "notice", "help", CardMessage.AcknowledgeCard];
        builder.Services.AddCommand<ResourceHandler>(["share", "resources"], cards);
        // What no command owns is a question (or, in a cohort's channel, a coach's links).
        foreach (var kind in new[] { TurnKind.Message, TurnKind.Command, TurnKind.MessageEdited, TurnKind.MessageDeleted })
            builder.Services.AddTurnKind<ResourceHandler>(kind, cards);
        foreach (var verb in new[] { ResourceHandler.Vote, ResourceHandler.Ask, ResourceHandler.More, ResourceHandler.Review, ResourceHandler.Save })
            builder.Services.AddVerb<ResourceHandler>(verb, cards);
        return builder;
    }
}
