/** Where `npm start` writes the running local stack's app settings (for `npm run preview` and other tools). */
export const STACK_SETTINGS_FILE = ".local/stack.settings.json";
