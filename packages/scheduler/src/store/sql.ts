/** `('a', 'b')`: a status list for an SQL `in`, from a lifecycle's state list (no user input). */
export const inList = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;
