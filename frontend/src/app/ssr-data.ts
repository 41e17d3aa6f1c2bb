/** The `<script type="application/json">` that carries a server-rendered page's state to the browser. */
export const SSR_DATA_ID = 'ssr-data';
