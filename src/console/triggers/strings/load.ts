import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the triggers page's strings to the console's dictionary, in the page's lazy chunk. */
registerMessages({ vi, en });
