/**
 * Sends the browser to another site (Zalo's consent page). A module of its own so component
 * tests can stand in for it: jsdom cannot navigate away.
 */
export function leaveFor(url: string): void {
  window.location.assign(url);
}
