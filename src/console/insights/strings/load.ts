import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/** Adds the strings of retention and the store loop view, in the pages' lazily loaded chunk. */
registerMessages({ vi, en });
