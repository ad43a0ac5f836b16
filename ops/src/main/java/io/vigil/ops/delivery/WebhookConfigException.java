package io.vigil.ops.delivery;

import java.util.List;

/**
 * A webhook configuration was refused: every error found, each as {@code FILE:LINE:COLUMN: message}.
 */
public final class WebhookConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    /**
     * @param errors the errors, at least one.
     */
    public WebhookConfigException(final List<String> errors)
    {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    /** @return each error, as {@code FILE:LINE:COLUMN: message}. */
    public List<String> errors()
    {
        return errors;
    }
}
