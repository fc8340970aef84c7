package org.crmconnector.core.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: embedded store journal",
        description = "The write-ahead journal the embedded interaction store and outbox share: each acknowledged change "
                + "is appended to it and fsynced before the answer, and the stores' own files are written every few "
                + "seconds from memory.")
public @interface EmbeddedJournalConfig {

    @AttributeDefinition(name = "Data folder", required = false,
            description = "Where the journal's segment files are kept. Empty: 'journal' in the server's data folder. "
                    + "Read at start; a change applies at the next restart (move the files along, or they are not "
                    + "replayed).")
    String data_folder() default "";
}
