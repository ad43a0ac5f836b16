package io.vigil.ops.service;

/**
 * A configuration file that cannot be used: where ({@code FILE:LINE:COLUMN}) and what is wrong.
 */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message {@code FILE:LINE:COLUMN: what is wrong}, or {@code FILE: what is wrong}.
     */
    public ConfigException(final String message)
    {
        super(message);
    }
}
