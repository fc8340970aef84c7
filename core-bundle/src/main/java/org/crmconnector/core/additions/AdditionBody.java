package org.crmconnector.core.additions;

/** The body of {@code POST interactions/{id}/additions}. */
public class AdditionBody {
    /** The caller's key for this addition: posting the same key again adds nothing more. */
    public String key;
    /** {@code recording}, {@code transcript} or {@code summary}. */
    public String kind;
    /** A link: required for a recording. */
    public String url;
    /** Text: required for a transcript or summary; as long as notes may be. */
    public String text;
    /** The leg whose log this adds to; absent or 0 for the interaction's own log. */
    public Integer leg;
}
