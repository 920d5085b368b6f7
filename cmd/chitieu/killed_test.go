package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"chitieu/internal/store"
)

// TestKilledServer: chitieu serve is killed (SIGKILL, no chance to tidy
// up) while eight clients submit reports. Started again on the same data,
// it has every version it answered 201 for, each with its file (the bytes
// sent, by their sha256) and its own receipt, numbered 1…n without a gap:
// nothing half-stored, nothing acknowledged and lost.
func TestKilledServer(t *testing.T) {
	t.Setenv("CHITIEU_DB", "")
	ctx := context.Background()
	db := t.TempDir()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(ctx, store.User{Login: "admin", Role: store.RoleAdmin}, "mat-khau-admin"); err != nil {
		t.Fatal(err)
	}
	if err := st.AddDepartment(ctx, store.Department{Code: "SNV", Name: "Sở Nội vụ"}); err != nil {
		t.Fatal(err)
	}
	var units []string
	for i := 1; i <= 16; i++ {
		code := fmt.Sprintf("K%02d", i)
		if err := st.AddUnit(ctx, store.Unit{Code: code, Name: "Đơn vị " + code, Kind: "phong"}); err != nil {
			t.Fatal(err)
		}
		units = append(units, code)
	}
	p, err := st.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2024, Department: "SNV", Deadline: time.Now().Add(time.Hour), Units: units})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	report, err := os.ReadFile(filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi", "don-vi-02.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(report)
	want := hex.EncodeToString(sum[:])

	addr, cmd := startProcess(t, "--db", db)
	token := signInAt(t, addr)
	var mu sync.Mutex
	acked := map[string]int{}
	var wg sync.WaitGroup
	deadline := time.Now().Add(800 * time.Millisecond)
	for w := range 8 {
		wg.Go(func() {
			for n := 0; ; n++ {
				unit := units[(w+8*n)%len(units)]
				code, err := submitAt(addr, token, p.ID, unit, report)
				if err != nil {
					return // the server is gone
				}
				if code == http.StatusCreated {
					mu.Lock()
					acked[unit]++
					mu.Unlock()
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
				}
			}
		})
	}
	wg.Wait()
	cmd.Wait()
	total := 0
	for _, n := range acked {
		total += n
	}
	if total == 0 {
		t.Fatal("no upload was stored before the kill: the test proves nothing")
	}

	addr, _ = startProcess(t, "--db", db)
	token = signInAt(t, addr)
	receipts := map[string]bool{}
	for _, unit := range units {
		var sub struct {
			Versions []struct {
				N       int
				Receipt struct{ Number, SHA256 string }
			}
		}
		code, body := getAt(addr, token, fmt.Sprintf("/api/v1/periods/%d/submissions/%s", p.ID, unit))
		if code == http.StatusNotFound && acked[unit] == 0 {
			continue
		}
		if code != http.StatusOK || json.Unmarshal(body, &sub) != nil {
			t.Fatalf("%s after the restart: %d %s", unit, code, body)
		}
		if len(sub.Versions) < acked[unit] {
			t.Errorf("%s: %d versions answered 201, %d kept", unit, acked[unit], len(sub.Versions))
		}
		for i, v := range sub.Versions {
			if v.N != i+1 || v.Receipt.SHA256 != want || v.Receipt.Number == "" || receipts[v.Receipt.Number] {
				t.Errorf("%s version %d: %+v (want n %d, sha256 %s, a receipt of its own)", unit, i+1, v, i+1, want)
			}
			receipts[v.Receipt.Number] = true
			code, file := getAt(addr, token, fmt.Sprintf("/api/v1/periods/%d/submissions/%s/versions/%d/file", p.ID, unit, v.N))
			if got := sha256.Sum256(file); code != http.StatusOK || hex.EncodeToString(got[:]) != want {
				t.Errorf("%s version %d: the file is not the one sent (%d, %d bytes)", unit, v.N, code, len(file))
			}
		}
	}
	t.Logf("%d uploads answered 201 before the kill; %d versions after the restart", total, len(receipts))
}

func signInAt(t *testing.T, addr string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": "admin", "password": "mat-khau-admin"})
	resp, err := http.Post(addr+"/api/v1/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || s.Token == "" {
		t.Fatalf("sign in: %d %v", resp.StatusCode, err)
	}
	return s.Token
}

func submitAt(addr, token string, period int64, unit string, data []byte) (int, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("unit", unit)
	fw, _ := mw.CreateFormFile("file", "bao-cao.xlsx")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/periods/%d/submissions", addr, period), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func getAt(addr, token, path string) (int, []byte) {
	req, _ := http.NewRequest("GET", addr+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
