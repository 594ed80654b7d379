import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/**
 * Adds the strings of the stores and staff section to the console's dictionary. Imported for its effect by
 * the feature's page, so the strings travel in the page's lazily loaded chunk and are in place
 * before the page first renders.
 */
registerMessages({ vi, en });
