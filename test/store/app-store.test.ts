import { describe, expect, it } from 'vitest';
import { createAppStore, currentScreen, initialAppData, transitions } from '../../src/store/app-store.js';

const HOSTS = { hosts: [{ name: 'node1', address: '127.1.1.1', ssh: { user: 'root', port: 22 }, zone: 'a' }] };

describe('app store', () => {
  it('starts at the welcome screen with nothing saved', () => {
    const s = createAppStore().getState();
    expect(s.stack).toEqual(['welcome']);
    expect(currentScreen(s)).toBe('welcome');
    expect(s.helpVisible).toBe(false);
    expect(s.inventory).toEqual({ hosts: [] });
    expect(s.readonly).toBe(false);
    expect(s.quitRequested).toBe(false);
  });

  it('takes initial values and never an empty stack', () => {
    expect(createAppStore({ readonly: true, inventory: HOSTS }).getState()).toMatchObject({ readonly: true, inventory: HOSTS });
    expect(initialAppData({ stack: [] }).stack).toEqual(['welcome']);
  });

  it('navigates by pushing and goes back by popping, stopping at the root', () => {
    const store = createAppStore();
    store.getState().navigate('lab');
    store.getState().navigate('setup');
    expect(store.getState().stack).toEqual(['welcome', 'lab', 'setup']);
    store.getState().back();
    expect(currentScreen(store.getState())).toBe('lab');
    store.getState().back();
    store.getState().back();
    expect(store.getState().stack).toEqual(['welcome']);
  });

  it('does not push the screen that is already open', () => {
    const store = createAppStore();
    store.getState().navigate('panel');
    store.getState().navigate('panel');
    expect(store.getState().stack).toEqual(['welcome', 'panel']);
  });

  it('closes help before leaving a screen', () => {
    const store = createAppStore({ stack: ['welcome', 'panel'] });
    store.getState().toggleHelp();
    expect(store.getState().helpVisible).toBe(true);
    store.getState().back();
    expect(store.getState()).toMatchObject({ helpVisible: false, stack: ['welcome', 'panel'] });
    store.getState().toggleHelp();
    store.getState().navigate('lab');
    expect(store.getState().helpVisible).toBe(false);
  });

  it('goes home keeping the status message', () => {
    const store = createAppStore({ stack: ['welcome', 'lab'] });
    store.getState().setStatus('Imported 1 host');
    store.getState().home();
    expect(store.getState().stack).toEqual(['welcome']);
    expect(store.getState().status).toEqual({ text: 'Imported 1 host', kind: 'info' });
    store.getState().clearStatus();
    expect(store.getState().status).toBeNull();
  });

  it('replaces the inventory and clears an earlier read error', () => {
    const store = createAppStore({ inventoryError: 'broken' });
    store.getState().setInventory(HOSTS);
    expect(store.getState()).toMatchObject({ inventory: HOSTS, inventoryError: null });
    store.getState().setInventoryError('again');
    expect(store.getState().inventoryError).toBe('again');
  });

  it('records a quit request and text focus', () => {
    const store = createAppStore();
    store.getState().setTextInputFocused(true);
    store.getState().requestQuit();
    expect(store.getState()).toMatchObject({ quitRequested: true, textInputFocused: true });
  });

  it('keeps stores apart', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().navigate('lab');
    expect(b.getState().stack).toEqual(['welcome']);
  });

  it('has pure transitions', () => {
    const before = initialAppData({ stack: ['welcome', 'lab'] });
    const frozen = JSON.stringify(before);
    expect(transitions.back(before)).toEqual({ stack: ['welcome'], status: null, keyView: null });
    expect(transitions.navigate(before, 'panel').stack).toEqual(['welcome', 'lab', 'panel']);
    expect(transitions.back(initialAppData())).toEqual({});
    expect(JSON.stringify(before)).toBe(frozen);
  });
});
