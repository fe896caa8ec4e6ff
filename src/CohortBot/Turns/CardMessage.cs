using System.Text.Json.Nodes;

namespace CohortBot.Turns;

/// A message with structure: a card from the catalogue by name, the data it is expanded with, and a
/// plain-text line for notifications, screen readers and clients that show no cards.
internal sealed record CardMessage(string Card, JsonObject Data, string Text);
