/**
 * Guards against combination explosion: an item that crosses several large code lists can
 * ask for more cells than anyone can fill (sex × age × citizenship × offence is millions).
 * A definition above these limits is refused when it is loaded, naming the item.
 */
export const MAX_CELLS_PER_ITEM = 5_000;
export const MAX_CELLS_PER_DEFINITION = 100_000;
