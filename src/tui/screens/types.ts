import type { Dispatch } from 'react';
import type { TuiData } from '../data.js';
import type { Action, Screen, UiState } from '../state.js';

/** What the focused pane tells the key dispatcher: its size and what Enter / n / e mean there. */
/**
 * Handlers receive the latest top screen (keys can arrive faster than React re-renders, so a
 * handler must not trust the cursor it closed over); it is always of the registering screen's kind.
 * Screens register in a layout effect, i.e. before the next key can be read. A handler that returns
 * a promise holds back the following keys until it settles.
 */
export interface PaneApi {
  kind: Screen['kind'];
  /** data for the pane is still loading: keys wait (so a fast typist's keys are not lost) */
  loading: boolean;
  total: number;
  pageSize: number;
  open?: (now: Screen) => void | Promise<void>;
  /** x on a timeline: open the selected event in raw view */
  openRaw?: (now: Screen) => void;
  /** n (+1) / N (-1) */
  jump?: (dir: 1 | -1, now: Screen) => void | Promise<void>;
  exportTarget?: (now: Screen) => { kind: 'attempt' | 'finding'; id: string } | null;
  /** breadcrumb label for the top screen (attempt id, "Event 4625") */
  crumb?: string;
}

export interface ScreenProps<S extends Screen> {
  screen: S;
  state: UiState;
  width: number;
  height: number;
  data: TuiData;
  dispatch: Dispatch<Action>;
  register: (api: PaneApi) => void;
}

/** Wide terminals put list and detail side by side; narrower ones stack them. */
export const WIDE_COLUMNS = 140;
