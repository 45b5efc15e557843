import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code of `value` as an image (PNG data URL, drawn by `qrcode`), with the quiet zone a
 * scanner needs. Black on white whatever the theme, so any scanner reads it.
 */
export function QrImage({ value, size = 240, testId, alt, className }: { value: string; size?: number; testId?: string; alt: string; className?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Drawn at twice the size for sharp pixels on high-density screens.
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: size * 2, color: { dark: '#000000', light: '#ffffff' } })
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [value, size]);
  return (
    <div className={`cw-qr${className ? ` ${className}` : ''}`} data-testid={testId} style={{ width: size, height: size }}>
      {src ? <img src={src} width={size} height={size} alt={alt} /> : null}
    </div>
  );
}
