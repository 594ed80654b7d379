/**
 * Saves text as a file on the member's device through a Blob and an <a download> click.
 * Browsers and Android webviews honour it; whether Zalo's iOS webview does is unconfirmed
 * (no device here), so the screen also says what the file holds instead of relying on the
 * member opening it.
 */
export function saveTextFile(fileName: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked on the next task: some engines start reading the blob only after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
