/* pt-ui.h — the one entry point main.c calls for the window (layer 3) */
#pragma once

/* Runs PtApplication (GtkApplication) with argv; returns the exit status. */
int pt_ui_main (int    argc,
                char **argv);
