/** What operators paste by mistake and what attackers try: spaces, quotes, `;`, `$()`, backticks, newlines, non-ASCII. */
export const HOSTILE = ['gv 0', "gv'0", 'gv"0', 'gv0;reboot', 'gv$(reboot)', 'gv`id`', 'gv0\nreboot', 'gvö', '/data/sh ared', "/data/it's", '/data/x;rm -rf /', '/data/$(reboot)', '/data/a\nb', '/data/ünï'];
