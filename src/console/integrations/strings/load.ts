import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/**
 * Adds the Integrations page's strings to the console's dictionary. Imported for its effect by the
 * page, so the strings travel in its lazily loaded chunk and are in place before it first renders.
 */
registerMessages({ vi, en });
