// The audit log, for auditors (GET /api/v1/audit): its size and root, the
// latest checkpoint and the peers that witnessed (cosigned) it, what this
// node witnessed of each peer, equivocations found; and the proof that
// one exchange (a message id) is in the log (GET /api/v1/audit/proof),
// checked here up to the checkpoint's root (RFC 9162, 2.1.3.2) with the
// browser's SHA-256. The log holds signed headers and hashes: nothing of
// it is personal data.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, number} from '../i18n.js';
import {form, facts} from './kit.js';

const bytes = hex => Uint8Array.from (hex.match (/../g) || [], pair => parseInt (pair, 16));

async function sha256 (...parts) {
    const joined = new Uint8Array (parts.reduce ((size, part) => size + part.length, 0));
    let at = 0;
    for (const part of parts) {
        joined.set (part, at);
        at += part.length;
    }
    return new Uint8Array (await crypto.subtle.digest ('SHA-256', joined));
}

// Does proof lead from its leaf to its root? (RFC 9162, 2.1.3.2.) Null
// where the browser has no SHA-256 to offer (not a secure context).
export async function verifyInclusion (proof) {
    if (!globalThis.crypto || !crypto.subtle)
        return null;
    if (proof.index >= proof.size)
        return false;
    let fn = proof.index, sn = proof.size - 1;
    let hash = bytes (proof.leaf_hash);
    const node = Uint8Array.of (1);
    for (const sibling of proof.proof.map (bytes)) {
        if (sn === 0)
            return false;
        if (fn % 2 === 1 || fn === sn) {
            hash = await sha256 (node, sibling, hash);
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor (fn / 2);
                sn = Math.floor (sn / 2);
            }
        }
        else
            hash = await sha256 (node, hash, sibling);
        fn = Math.floor (fn / 2);
        sn = Math.floor (sn / 2);
    }
    const root = bytes (proof.root);
    return sn === 0 && hash.length === root.length && hash.every ((byte, index) => byte === root [index]);
}

const code = hex => h ('code', {class: 'hash'}, hex);

export async function auditPage (main, {query}) {
    const status = await api.get ('/audit');
    const checkpoint = status.checkpoint;
    const result = h ('div', {id: 'proof-result', 'aria-live': 'polite'});
    const prove = form ('audit-proof', [
        {name: 'message_id', label: t ('audit.message_id'), required: true,
         pattern: '[0-9a-fA-F]{32}', value: query.get ('message_id') || ''},
    ], t ('audit.prove'), async values => {
        history.replaceState ({}, '', `/audit${api.query (values)}`);
        replace (result);
        const proof = await api.get ('/audit/proof', {message_id: values.message_id.toLowerCase ()});
        const verified = await verifyInclusion (proof);
        const verdict = verified === null? t ('audit.not_checked')
                      : t (verified? 'audit.verified': 'audit.not_verified');
        replace (result,
            h ('p', {class: verified? 'ok': 'late', id: 'proof-verdict'}, verdict),
            facts ([['audit.index', number (proof.index)], ['audit.size', number (proof.size)],
                    ['audit.leaf_hash', code (proof.leaf_hash)], ['audit.root', code (proof.root)]]),
            h ('h3', {}, t ('audit.path', {count: proof.proof.length})),
            h ('ol', {class: 'hashes'}, proof.proof.map (hash => h ('li', {}, code (hash)))));
        announce (verdict);
    });
    append (main, h ('h1', {}, t ('audit.title')),
        h ('p', {class: 'note'}, t ('audit.note')),
        h ('section', {'aria-labelledby': 'audit-log'},
            h ('h2', {id: 'audit-log'}, t ('audit.log')),
            facts ([['audit.origin', status.log.origin], ['audit.size', number (status.log.size)],
                    ['audit.root', code (status.log.root)]])),
        h ('section', {'aria-labelledby': 'audit-checkpoint'},
            h ('h2', {id: 'audit-checkpoint'}, t ('audit.checkpoint')),
            checkpoint? facts ([['audit.size', number (checkpoint.size)],
                                ['audit.root', code (checkpoint.root)],
                                ['audit.witnesses', checkpoint.cosigners.length
                                    ? checkpoint.cosigners.join (', '): t ('audit.no_witness')]])
                      : h ('p', {class: 'empty'}, t ('audit.no_checkpoint'))),
        h ('section', {'aria-labelledby': 'audit-witnessed'},
            h ('h2', {id: 'audit-witnessed'}, t ('audit.witnessed')),
            status.witnessed.length
                ? h ('table', {class: 'grid'},
                    h ('thead', {}, h ('tr', {}, ['audit.origin', 'audit.size', 'audit.root']
                        .map (key => h ('th', {scope: 'col'}, t (key))))),
                    h ('tbody', {}, status.witnessed.map (one => h ('tr', {},
                        h ('td', {}, one.origin), h ('td', {}, number (one.size)),
                        h ('td', {}, code (one.root))))))
                : h ('p', {class: 'empty'}, t ('audit.none_witnessed')),
            status.equivocations.length
                ? h ('p', {class: 'late', role: 'alert'}, t ('audit.equivocations',
                                                             {count: status.equivocations.length}))
                : h ('p', {class: 'ok'}, t ('audit.no_equivocation'))),
        h ('section', {'aria-labelledby': 'audit-proof-title'},
            h ('h2', {id: 'audit-proof-title'}, t ('audit.proof')), prove, result));
}
