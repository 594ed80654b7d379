import QRCode from "qrcode";
import { useMemo } from "react";

type Props = { value: string; label: string; size?: number };

/** Modules of light border around the code, inside the SVG (scanners need a quiet zone). */
const QUIET_ZONE = 2;

/**
 * Draws `value` as a QR code, synchronously, as one SVG path. qrcode's toDataURL needs a
 * canvas (absent in jsdom and slow on low-end phones); building the path from the module
 * matrix is pure and crisp at any size. The encoded text is exposed as data-code so tests
 * (and the e2e suite) can read exactly what a scanner would read.
 */
export function QrCode({ value, label, size = 208 }: Props) {
  const { path, dimension } = useMemo(() => qrPath(value), [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      data-code={value}
      width={size}
      height={size}
      viewBox={`0 0 ${dimension} ${dimension}`}
      shapeRendering="crispEdges"
      className="qr-code"
    >
      <rect width={dimension} height={dimension} fill="#fff" />
      <path d={path} fill="#111" />
    </svg>
  );
}

export function qrPath(value: string): { path: string; dimension: number } {
  // Level M (15 % recovery) keeps our ~80-character codes at a low version with big modules.
  const { modules } = QRCode.create(value, { errorCorrectionLevel: "M" });
  const n = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      // One rectangle per horizontal run of dark modules.
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
    }
  }
  return { path: parts.join(""), dimension: n + QUIET_ZONE * 2 };
}
