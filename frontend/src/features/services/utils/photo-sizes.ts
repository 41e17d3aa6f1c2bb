// The service page's photos, sized for the page and for the preload the server writes in its
// head (app/page-data.ts): apart from the page's components, which load with the page.

type Shape = { width?: number | null | undefined; height?: number | null | undefined };

export const aspectOf = (photo: Shape) => (photo.width && photo.height ? photo.width / photo.height : 4 / 3);

/** 14rem high (CSS), as wide as the photo's shape makes it, at most 90vw. */
export const SERVICE_PHOTO_SIZES = (photo: Shape) => `min(90vw, ${Math.round(224 * aspectOf(photo))}px)`;
