import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the cases page's strings to the console's dictionary (imported for its effect by the page). */
registerMessages({ vi, en });
