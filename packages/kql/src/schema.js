/** Renders a schema as Kusto does in `(A:string, B:datetime)` form (also what the analyzer reads). */
export function schemaToString(schema) {
    return `(${schema.map((c) => `${quoteName(c.name)}:${c.type}`).join(", ")})`;
}
/** Names that are not plain identifiers are bracket-quoted, as Kusto writes them. */
export function quoteName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}
export function indexOfColumn(schema, name) {
    for (let i = 0; i < schema.length; i++)
        if (schema[i].name === name)
            return i;
    return -1;
}
