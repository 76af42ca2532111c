// The empty states' illustration, shipped with the app (bundled by Vite): the admin needs no CDN.
import url from "../assets/empty-state.svg";

export const EMPTY_STATE_IMAGE: string = url;
