namespace CohortBot.Cards.Catalog;

/// <summary>
/// The card folder cannot be loaded. The message is one line that names the file and what is wrong with it
/// (for example <c>cards/foo.json: unknown function 'bar' in ${bar(x)}</c>), meant to be shown as it is to
/// whoever edits the cards; the cause, if any, is the inner exception.
/// </summary>
public sealed class CardCatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CardCatalogException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">One line: the file, then the problem.</param>
    public CardCatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">One line: the file, then the problem.</param>
    /// <param name="innerException">The cause.</param>
    public CardCatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
