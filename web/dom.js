// dom.js: building elements without HTML strings. Text is always text
// (a node's answer never becomes markup), so no data can inject script.

// h ('a', {href: '/x', class: 'c', onclick: f}, 'text', child, [more]):
// an element; attributes false/null/undefined are left out, true is "".
export function h (tag, attributes = {}, ...children) {
    return build (document.createElement (tag), attributes, children);
}

// svg ('rect', {x: 0, width: 10}, children...): an SVG element, as h ()
// makes HTML ones (charts are drawn so, text as text).
export function svg (tag, attributes = {}, ...children) {
    return build (document.createElementNS ('http://www.w3.org/2000/svg', tag), attributes,
                  children);
}

function build (element, attributes, children) {
    for (const [name, value] of Object.entries (attributes || {})) {
        if (value === false || value === null || value === undefined)
            continue;
        if (name.startsWith ('on') && typeof value === 'function')
            element.addEventListener (name.slice (2), value);
        else
            element.setAttribute (name, value === true? '': String (value));
    }
    append (element, ...children);
    return element;
}

// Append children (strings, nodes, arrays of them; null skipped) to parent.
export function append (parent, ...children) {
    for (const child of children.flat (Infinity)) {
        if (child === null || child === undefined || child === false)
            continue;
        parent.append (child instanceof Node? child: document.createTextNode (String (child)));
    }
    return parent;
}

// Replace what parent holds with children.
export function replace (parent, ...children) {
    parent.replaceChildren ();
    return append (parent, ...children);
}

// Say text to screen readers (the page's polite live region).
export function announce (text) {
    const region = document.getElementById ('announce');
    region.textContent = '';
    setTimeout (() => { region.textContent = text; }, 50);
}
