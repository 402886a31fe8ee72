// The SSH layer's questions (unknown host key, key passphrase), asked through
// the app's prompt so the operator answers them in the console.
import type { PoolOptions } from '../ssh/pool.js';
import type { AppStore } from '../store/app-store.js';

export function sshPromptOptions(store: AppStore): Pick<PoolOptions, 'onUnknownHostKey' | 'askPassphrase'> {
  return {
    async onUnknownHostKey(info) {
      const answer = await store.getState().ask({
        kind: 'confirm',
        title: `${info.host}: unknown host key`,
        lines: [
          `${info.address}:${info.port} presents a ${info.keyType} key with fingerprint`,
          `  ${info.fingerprint}`,
          'Compare it with the host\'s own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console).',
          'Trust this key and record it in known_hosts?',
        ],
      });
      return answer === 'yes';
    },
    async askPassphrase(keyFile) {
      const answer = await store.getState().ask({ kind: 'secret', title: `Passphrase for the key ${keyFile}`, lines: [] });
      return answer ?? undefined;
    },
  };
}
