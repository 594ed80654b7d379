import { useState } from "react";

type Props = { name: string; src: string | null; size?: number };

/** Zalo avatar when we have one, else the initials of the last two words ("Nguyễn Minh Anh" → "MA"). */
export function MemberAvatar({ name, src, size = 48 }: Props) {
  const [broken, setBroken] = useState(false);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.38) };
  if (src && !broken) {
    return <img className="member-avatar" src={src} alt="" style={style} onError={() => setBroken(true)} />;
  }
  return (
    <span className="member-avatar member-avatar--initials" style={style} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Vietnamese names end with the given name, so the last words are the ones people go by.
  const picked = words.length > 1 ? words.slice(-2) : words;
  return picked.map((w) => w.charAt(0).toLocaleUpperCase("vi-VN")).join("") || "?";
}
