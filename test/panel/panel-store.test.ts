// The panel's own store: where the operator is, the highlighted row, the filter.
import { describe, expect, it } from 'vitest';
import { createPanelStore, currentView, cursorOf } from '../../src/store/panel-store.js';

describe('panel store', () => {
  it('keeps the highlight on the same row when rows come and go', () => {
    const store = createPanelStore();
    store.getState().move(1, ['a', 'b', 'c']);
    expect(cursorOf(store.getState(), ['a', 'b', 'c'])).toBe(1);
    expect(cursorOf(store.getState(), ['new', 'a', 'b', 'c'])).toBe(2);
    // Gone: the same place, clamped.
    expect(cursorOf(store.getState(), ['a', 'c'])).toBe(1);
    expect(cursorOf(store.getState(), ['a'])).toBe(0);
    store.getState().move(-1, ['a', 'b', 'c']);
    store.getState().move(-1, ['a', 'b', 'c']);
    expect(cursorOf(store.getState(), ['a', 'b', 'c'])).toBe(2);
  });

  it('Esc: clears the filter first, then goes up a level, and says so; false at the top', () => {
    const store = createPanelStore();
    store.getState().open({ kind: 'volume', volume: 'v' });
    store.getState().startFilter();
    store.getState().typeFilter('node');
    expect(store.getState().back()).toBe(true);
    expect(store.getState()).toMatchObject({ filter: '', filterEditing: false });
    expect(currentView(store.getState())).toEqual({ kind: 'volume', volume: 'v' });
    expect(store.getState().back()).toBe(true);
    expect(currentView(store.getState())).toEqual({ kind: 'cluster' });
    expect(store.getState().back()).toBe(false);
  });

  it('Enter keeps the filter; a new level starts without one; each level has its own highlight', () => {
    const store = createPanelStore();
    store.getState().startFilter();
    store.getState().typeFilter('x');
    store.getState().endFilter(true);
    expect(store.getState()).toMatchObject({ filter: 'x', filterEditing: false });
    store.getState().move(1, ['a', 'b']);
    store.getState().open({ kind: 'finding', id: 'f' });
    expect(store.getState().filter).toBe('');
    expect(cursorOf(store.getState(), ['a', 'b'])).toBe(0);
    store.getState().back();
    expect(cursorOf(store.getState(), ['a', 'b'])).toBe(1);
  });
});
