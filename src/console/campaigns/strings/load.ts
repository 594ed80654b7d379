import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the Campaigns section's strings to the console's dictionary, in the section's lazy chunk. */
registerMessages({ vi, en });
