import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the account pages' strings to the console's dictionary (imported for its effect by each page, in its lazy chunk). */
registerMessages({ vi, en });
