/** Default strings of this element (see ../shared/messages.ts). Placeholder until the element lands. */
export const modelPickerStrings = {};
