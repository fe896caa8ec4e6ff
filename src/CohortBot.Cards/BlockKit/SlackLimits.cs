namespace CohortBot.Cards.BlockKit;

/// <summary>Slack's published Block Kit limits, in characters or items.</summary>
internal static class SlackLimits
{
    public const int MessageBlocks = 50;
    public const int ModalBlocks = 100;
    public const int Id = 255;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int Url = 3000;
    public const int ActionsElements = 25;
    public const int OptionText = 75;
    public const int OptionValue = 150;
    public const int SelectOptions = 100;
    public const int ButtonGroupOptions = 10;
    public const int ModalText = 24;
    public const int PrivateMetadata = 3000;
    public const int AltText = 2000;
    public const int Label = 2000;
    public const int Placeholder = 150;
    public const int TextInputLength = 3000;
    public const int FallbackText = 3000;
}
