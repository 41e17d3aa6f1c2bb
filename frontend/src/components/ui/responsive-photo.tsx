import type { ImgHTMLAttributes } from 'react';

/** A photo as the API gives it: the original, its 320- and 800-px-wide variants, its pixel size when known. */
export interface PhotoSource {
  url: string;
  variants: Record<string, string>;
  width?: number | null | undefined;
  height?: number | null | undefined;
}

/** `srcset` from the variants the upload pipeline makes (`320w`, `800w`), smallest first. */
export function srcSetOf(photo: PhotoSource): string | undefined {
  const entries = Object.entries(photo.variants)
    .map(([name, url]) => ({ width: Number(name.replace(/w$/, '')), url }))
    .filter((v) => Number.isInteger(v.width) && v.width > 0)
    .sort((a, b) => a.width - b.width);
  return entries.length > 0 ? entries.map((v) => `${v.url} ${v.width}w`).join(', ') : undefined;
}

/**
 * An image the browser picks the right variant of for the space it takes (`sizes`). The
 * `priority` one is the page's largest content: fetched first, never lazily; the others wait
 * until they come near the screen.
 */
export function ResponsivePhoto({
  photo,
  sizes,
  priority = false,
  width,
  height,
  ...rest
}: { photo: PhotoSource; sizes: string; priority?: boolean; width: number; height: number } & Omit<
  ImgHTMLAttributes<HTMLImageElement>,
  'src' | 'srcSet' | 'sizes' | 'loading' | 'width' | 'height'
>) {
  return (
    <img
      {...rest}
      src={photo.variants['320w'] ?? photo.url}
      srcSet={srcSetOf(photo)}
      sizes={sizes}
      width={width}
      height={height}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : 'auto'}
      decoding={priority ? 'sync' : 'async'}
    />
  );
}
