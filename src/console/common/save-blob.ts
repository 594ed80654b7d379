/**
 * Saves a fetched file. The console signs API calls with a bearer token, which a plain link
 * cannot carry: the file is fetched with the token and handed to the browser as a blob.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download by now; the URL is only a handle to it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
