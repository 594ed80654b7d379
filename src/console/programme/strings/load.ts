import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the programme page's strings to the console's dictionary, in the page's lazily loaded chunk. */
registerMessages({ vi, en });
